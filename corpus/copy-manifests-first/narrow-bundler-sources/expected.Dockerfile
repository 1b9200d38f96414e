FROM ruby:3.3-slim
WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY app.rb ./
CMD ["ruby", "app.rb"]
