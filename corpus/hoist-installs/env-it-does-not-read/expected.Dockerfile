FROM python:3.12-slim
WORKDIR /app
RUN apt-get update && apt-get install -y curl
COPY . .
ENV FLASK_ENV=production APP_PORT=8000
CMD ["python", "app.py"]
