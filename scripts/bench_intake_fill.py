"""Fills an IMAP folder with N generated messages of about SIZE bytes for the intake benchmark."""
import imaplib
import sys

host, port, user, password, folder, count, size = sys.argv[1:8]
imap = imaplib.IMAP4(host, int(port))
imap.login(user, password)
imap.create(folder)
body = ("Lorem ipsum dolor sit amet, the VPN is down again and the printer jams. " * 64)[: int(size)]
for index in range(int(count)):
    message = (f"From: user{index}@example.com\r\nTo: help@example.com\r\nSubject: bench {index}\r\n"
               f"Message-ID: <bench-{index}@example.com>\r\n\r\n{body}\r\n").encode()
    imap.append(folder, None, None, message)
imap.logout()
