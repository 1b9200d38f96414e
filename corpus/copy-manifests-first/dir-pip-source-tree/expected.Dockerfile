FROM python:3.12-slim
WORKDIR /srv
COPY src/requirements.txt .
RUN pip install -r requirements.txt
COPY src/ .
CMD ["python", "app.py"]
