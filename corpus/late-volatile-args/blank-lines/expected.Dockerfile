FROM php:8.3-fpm

RUN docker-php-ext-install pdo_mysql

COPY composer.json composer.lock ./
RUN composer install --no-dev --no-scripts

ARG BUILD_TIME
LABEL build-time=$BUILD_TIME
