#!/bin/sh
set -eu
# build the images CI pushes
IMAGE=registry.example.com/acme/app
docker build -t "$IMAGE:$VERSION" .
sudo docker buildx build --cache-from type=registry,ref=$IMAGE:cache -t tools:dev -f tools/Dockerfile tools
DOCKER_BUILDKIT=1 docker build -t helper:dev helper # not the legacy builder
