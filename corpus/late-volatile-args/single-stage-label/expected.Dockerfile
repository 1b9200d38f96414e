FROM python:3.12-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ARG GIT_SHA
LABEL org.opencontainers.image.revision=$GIT_SHA
CMD ["python", "app.py"]
