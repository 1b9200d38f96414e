FROM debian:bookworm-slim
WORKDIR /app
RUN groupadd -r app && useradd -r -g app -d /home/app -m app
RUN sed -i 's/# en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' /etc/locale.gen && locale-gen
RUN curl -fsSL -o /usr/local/bin/hadolint https://github.com/hadolint/hadolint/releases/download/v2.12.0/hadolint-Linux-x86_64 \
    && chmod +x /usr/local/bin/hadolint
COPY . .
ENV APP_PORT=8000
USER app
CMD ["./run.sh"]
