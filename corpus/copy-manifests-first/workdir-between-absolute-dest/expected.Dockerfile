FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt app/
WORKDIR /srv/app
RUN pip install -r requirements.txt
COPY . /srv/app
