#!/usr/bin/env node
/* yarn release bundle */
