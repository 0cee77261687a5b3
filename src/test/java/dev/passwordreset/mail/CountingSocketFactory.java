package dev.passwordreset.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.SocketFactory;

/**
 * Counts the connections a mail session opens: name it in
 * {@code mail.smtp.socketFactory.class} and Jakarta Mail takes every SMTP socket from
 * here, so a test sees how many connections a batch took without trusting the code under
 * test to say so.
 */
public final class CountingSocketFactory extends SocketFactory {

	private static final AtomicInteger opened = new AtomicInteger();

	private static final CountingSocketFactory instance = new CountingSocketFactory();

	private CountingSocketFactory() {
	}

	/** Called by Jakarta Mail, by reflection. */
	public static SocketFactory getDefault() {
		return instance;
	}

	/** How many sockets were opened since the last reset. */
	static int opened() {
		return opened.get();
	}

	static void reset() {
		opened.set(0);
	}

	@Override
	public Socket createSocket() throws IOException {
		opened.incrementAndGet();
		return SocketFactory.getDefault().createSocket();
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		opened.incrementAndGet();
		return SocketFactory.getDefault().createSocket(host, port);
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localAddress, int localPort) throws IOException {
		opened.incrementAndGet();
		return SocketFactory.getDefault().createSocket(host, port, localAddress, localPort);
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		opened.incrementAndGet();
		return SocketFactory.getDefault().createSocket(host, port);
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		opened.incrementAndGet();
		return SocketFactory.getDefault().createSocket(address, port, localAddress, localPort);
	}

}
