FROM debian:bookworm-slim
WORKDIR /srv
# package lists
RUN apt-get update
# runtime libraries
RUN apt-get install -y --no-install-recommends python3 python3-venv
RUN useradd --create-home --shell /bin/bash app
COPY . .

CMD ["python3", "app.py"]
