package com.acme;
public class Core {}
