FROM composer:2 AS vendor
COPY composer.json composer.lock ./
RUN --mount=type=cache,target=/tmp/cache,sharing=locked composer install --no-dev --no-scripts --prefer-dist
