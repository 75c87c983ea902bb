"""Gongkai (公开): a static site generator for a government's 政府信息公开专栏."""

__version__ = "0.1.0"
