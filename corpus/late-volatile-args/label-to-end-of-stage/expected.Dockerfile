FROM python:3.12-slim

ARG VERSION=1.4.0
LABEL maintainer="ops@example.com"

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
ARG BUILD_DATE
# OCI image metadata
LABEL org.opencontainers.image.created="${BUILD_DATE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.title="api"

# runtime
USER app
EXPOSE 8000
CMD ["gunicorn", "api:app"]
