FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build
WORKDIR /src
COPY src/Api/Api.csproj ./src/Api/
COPY Directory.Packages.props NuGet.config ./
COPY src/Lib/Lib.csproj ./src/Lib/
RUN dotnet restore src/Api/Api.csproj
COPY . .
RUN dotnet publish src/Api/Api.csproj -c Release -o /out --no-restore
