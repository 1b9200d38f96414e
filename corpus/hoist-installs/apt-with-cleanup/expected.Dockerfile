FROM python:3.12-slim
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        build-essential \
        libpq-dev \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* /tmp/*
COPY . /app
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "app:app"]
