FROM ruby:3.3-slim
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN bundle install --jobs 4 --retry 3
COPY . .
RUN bundle exec rails assets:precompile
CMD ["bin/rails", "server"]
