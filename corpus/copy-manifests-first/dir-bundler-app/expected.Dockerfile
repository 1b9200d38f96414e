FROM ruby:3.3-slim
COPY app/Gemfile app/Gemfile.lock /app/
WORKDIR /app
RUN bundle install
COPY app/ /app/
CMD ["ruby", "app.rb"]
