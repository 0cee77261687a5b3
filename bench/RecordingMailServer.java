import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;

import jakarta.mail.MessagingException;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * GreenMail's SMTP server (from the standalone jar) that also appends every mail it takes to a file,
 * for bench/faults: GreenMail keeps its mailboxes in memory, and the fault run stops it for a while
 * and starts it again, which would lose what it had received. The line is written, and flushed to
 * the operating system, once GreenMail has put the mail into its mailbox, which is before it answers
 * the client's end of DATA: every mail a client was told was accepted is in the file, also when the
 * process is stopped right after, and none that GreenMail refused.
 * <p>
 * Usage: {@code java -cp greenmail-standalone.jar RecordingMailServer.java <port> <file>} (or compiled
 * first, as bench/faults does, so that a restart is quick). A line is
 * {@code <epoch millis> TAB <recipient> TAB <base64 of the message as received>}; the message
 * carries GreenMail's {@code Received} header, which names the client's EHLO name. Runs until it
 * is stopped (SIGTERM).
 */
public class RecordingMailServer {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		OutputStream file = new FileOutputStream(args[1], true);
		GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
		greenMail.start();
		MessageDeliveryHandler mailboxOwner = greenMail.getUserManager().getMessageDeliveryHandler();
		// GreenMail asks the handler whose mailbox a mail goes to, then delivers into it: the
		// owner is wrapped so that the mail is recorded once it is in the mailbox, and only then.
		greenMail.getUserManager().setMessageDeliveryHandler((message, recipient) -> {
			GreenMailUser owner = mailboxOwner.handle(message, recipient);
			return (GreenMailUser) Proxy.newProxyInstance(GreenMailUser.class.getClassLoader(),
					new Class<?>[] { GreenMailUser.class }, (proxy, method, arguments) -> {
						Object result;
						try {
							result = method.invoke(owner, arguments);
						}
						catch (InvocationTargetException ex) {
							throw ex.getCause();
						}
						if (method.getName().equals("deliver") && arguments[0] instanceof MovingMessage delivered) {
							record(file, recipient.getEmail(), delivered);
						}
						return result;
					});
		});
		System.out.println("SMTP on 127.0.0.1:" + port + ", recording into " + args[1]);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			greenMail.stop();
			stopped.countDown();
		}));
		stopped.await();
	}

	private static void record(OutputStream file, String recipient, MovingMessage message) throws IOException {
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		try {
			message.getMessage().writeTo(raw);
		}
		catch (MessagingException ex) {
			throw new IOException("could not record the mail", ex);
		}
		String line = System.currentTimeMillis() + "\t" + recipient + "\t"
				+ Base64.getEncoder().encodeToString(raw.toByteArray()) + "\n";
		synchronized (file) {
			file.write(line.getBytes(StandardCharsets.UTF_8));
			file.flush();
		}
	}

}
