FROM nikolaik/python-nodejs:python3.12-nodejs20
WORKDIR /app
COPY package.json package-lock.json requirements.txt ./
RUN npm ci
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN pip install -r requirements.txt
COPY . .
RUN npm run build && python manage.py collectstatic --noinput
