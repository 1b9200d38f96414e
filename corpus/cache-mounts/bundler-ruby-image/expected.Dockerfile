FROM ruby:3.3
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN --mount=type=cache,target=/usr/local/bundle/cache,sharing=locked bundle config set --local without development && bundle install --jobs 4
