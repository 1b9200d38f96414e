FROM python:3.12-alpine
WORKDIR /usr/src
COPY requirements.txt ./app/
RUN cd app && pip install -r requirements.txt
COPY ./ ./app/
CMD ["python", "app/main.py"]
