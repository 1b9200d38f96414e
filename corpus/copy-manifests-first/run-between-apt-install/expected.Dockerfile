FROM php:8.3-cli
WORKDIR /app
COPY composer.json composer.lock ./
RUN apt-get update && apt-get install -y libzip-dev unzip
RUN composer install --no-scripts --no-dev
COPY . .
