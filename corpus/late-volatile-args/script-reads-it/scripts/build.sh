#!/bin/sh
echo "revision ${GIT_SHA:-unknown}" > /revision
