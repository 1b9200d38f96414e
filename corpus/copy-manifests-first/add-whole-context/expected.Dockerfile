FROM composer:2
WORKDIR /app
COPY composer.json composer.lock ./
RUN composer install --no-dev --prefer-dist
ADD . .
CMD ["php", "-S", "0.0.0.0:8000", "-t", "public"]
