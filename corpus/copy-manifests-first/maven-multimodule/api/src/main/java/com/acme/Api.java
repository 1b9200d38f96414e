package com.acme;
public class Api {}
