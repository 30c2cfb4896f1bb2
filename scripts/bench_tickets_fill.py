"""Writes SQL that fills the inbound journal with COUNT realistic mails for the ticket
benchmark: new incidents and requests from many people, replies (tagged, or threaded only by
In-Reply-To, with quoted history), out-of-office replies and duplicate deliveries."""
import random
import sys

count = int(sys.argv[1])
random.seed(7)
para = ("The VPN client is not working since this morning and I cannot reach the file server. "
        "I restarted twice and the error 809 comes back every time. ")
quoted = "".join("> " + line + "\n" for line in (para * 6).split(". "))
mails = []
opened = []  # (ticket number, message id, sender)
for index in range(count):
    roll = random.random()
    if opened and roll < 0.30:
        number, original, sender = random.choice(opened)
        tagged = random.random() < 0.5
        subject = f"Re: [INC-{number:06d}] VPN not working" if tagged else "Re: VPN not working"
        body = f"Still broken, see below.\n\nOn Mon, 30 Nov 2026 at 09:00, IT Support wrote:\n{quoted}"
        mails.append((sender, subject, f"<r{index}@bench.example>", original, body, ""))
    elif opened and roll < 0.35:
        number, original, sender = random.choice(opened)
        mails.append((sender, f"Automatic reply: [INC-{number:06d}] VPN not working", f"<ooo{index}@bench.example>", "",
                      "I am out of the office.\n", "Auto-Submitted: auto-replied\r\n"))
    elif mails and roll < 0.40:
        mails.append(mails[random.randrange(len(mails))])
    else:
        sender = f"user{index}@bench{index % 50}.example"
        message_id = f"<n{index}@bench.example>"
        mails.append((sender, f"VPN not working for user {index}", message_id, "", (para * 12) + "\nThanks\nUser\n", ""))
        opened.append((len(opened) + 1, message_id, sender))

print("BEGIN;")
for sender, subject, message_id, in_reply_to, body, extra in mails:
    reply = f"In-Reply-To: {in_reply_to}\r\n" if in_reply_to else ""
    raw = (f"From: {sender}\r\nTo: support@desk.example\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n{reply}{extra}"
           f"Date: Mon, 30 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           + body.replace("\n", "\r\n"))
    print(f"INSERT INTO inbound_journal (source, raw, raw_sha256, size_bytes, message_id) VALUES "
          f"('file', convert_to($m${raw}$m$, 'UTF8'), sha256(convert_to($m${raw}$m$, 'UTF8')), {len(raw)}, '{message_id}');")
print("COMMIT;")
