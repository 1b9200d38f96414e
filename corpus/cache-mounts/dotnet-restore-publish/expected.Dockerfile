FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY *.csproj ./
RUN --mount=type=cache,target=/root/.nuget/packages,sharing=locked dotnet restore
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages,sharing=locked dotnet publish -c Release -o /app
