FROM ubuntu:22.04
RUN sudo apt-get update && sudo apt-get install -y build-essential
