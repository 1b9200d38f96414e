FROM golang:1.22
WORKDIR /src
COPY go.mod ./
RUN go mod download
COPY . .
ARG GIT_SHA
RUN make -C app build
