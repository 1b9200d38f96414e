from alpine:3.20
run apk add --no-cache git
run adduser -D app
arg git_sha
label revision=$git_sha
