FROM ruby:3.3

WORKDIR /app
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
# Passed by CI: the commit being built.
# Used only for the image label.
ARG GIT_SHA
# Image metadata
LABEL org.opencontainers.image.revision=$GIT_SHA
CMD ["bundle", "exec", "puma"]
