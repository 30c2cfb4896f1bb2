"""The SMTP server's own receive rate from a simple client: Python smtplib, one connection
reused for COUNT mails of the same size as Deskgate's, for the outbound benchmark."""
import smtplib
import sys
import time

host, port, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
line = "Hello, we have recorded your request and an agent will look at it soon.\r\n"
body = (line * (size // len(line) + 1))[:size]
client = smtplib.SMTP(host, port)
start = time.perf_counter()
for index in range(count):
    message = (f"From: support@desk.example\r\nTo: user{index}@customer.example\r\nSubject: bench {index}\r\n"
               f"Message-ID: <smtplib-{index}@desk.example>\r\n\r\n{body}\r\n")
    client.sendmail("support@desk.example", [f"user{index}@customer.example"], message)
elapsed = time.perf_counter() - start
client.quit()
print(f"{count / elapsed:.1f}")
