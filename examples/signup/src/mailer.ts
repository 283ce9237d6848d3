// A stand-in for a mail service. The outbox lets the demo and the tests read what was "sent";
// a real application would call its mail provider here.

export interface Mail {
  to: string;
  subject: string;
  code?: string;
}

/** Every mail sent by this process, oldest first. */
export const outbox: Mail[] = [];

export function sendMail(mail: Mail): void {
  outbox.push(mail);
  console.log(`  (mail to ${mail.to}: ${mail.subject}${mail.code ? ` ${mail.code}` : ""})`);
}
