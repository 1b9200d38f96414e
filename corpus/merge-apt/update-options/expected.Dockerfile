FROM debian:bookworm
RUN apt-get -o Acquire::Retries=3 update -qq && apt-get install -y -qq curl
