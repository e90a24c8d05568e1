package org.parley.signaling.tls;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the HTTP port: hands each new connection an {@link SslHandler} of the current
 * certificate, and re-reads the PEM files when they change, so a renewed certificate (certbot,
 * acme.sh) is served without a restart. The files are looked at (two {@code stat} calls) on a new
 * connection at most once per check interval; a changed pair is read and, if it is good, swapped in
 * atomically: connections already open keep their session. A broken new pair is logged and the
 * previous certificate stays.
 *
 * <p>The JDK's TLS provider (SunJSSE): TLS 1.3 and 1.2 only (RFC 8996 retired the older ones).
 */
public final class ServerTls {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    /** How often at most a new connection checks the files: renewals happen days apart. */
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Path certificateFile;
    private final Path privateKeyFile;
    private final long checkIntervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong nextCheck;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();
    /** The context and the certificate it serves, swapped together. */
    private volatile Served served;
    /** What the files looked like when last read (successfully or not); guarded by {@code this}. */
    private FileStamps seen;

    private record Served(SslContext context, CertificateKeyPair pair) {
    }

    /** Size, modification time and file identity (a renamed-over or re-linked file is a new one). */
    private record FileStamps(long certificateSize, FileTime certificateModified, Object certificateKey,
                              long keySize, FileTime keyModified, Object keyKey) {
    }

    private ServerTls(Path certificateFile, Path privateKeyFile, Duration checkInterval, LongSupplier nanoTime,
                      FileStamps seen, Served served) {
        this.certificateFile = certificateFile;
        this.privateKeyFile = privateKeyFile;
        this.checkIntervalNanos = checkInterval.toNanos();
        this.nanoTime = nanoTime;
        this.nextCheck = new AtomicLong(nanoTime.getAsLong() + checkIntervalNanos);
        this.seen = seen;
        this.served = served;
    }

    /** Reads the pair now; a bad pair fails the start. */
    public static ServerTls open(Path certificateFile, Path privateKeyFile) throws TlsMaterialException {
        return open(certificateFile, privateKeyFile, DEFAULT_CHECK_INTERVAL);
    }

    public static ServerTls open(Path certificateFile, Path privateKeyFile, Duration checkInterval)
            throws TlsMaterialException {
        Objects.requireNonNull(checkInterval, "checkInterval");
        FileStamps stamps = stamps(certificateFile, privateKeyFile);
        Served served = load(certificateFile, privateKeyFile);
        return new ServerTls(certificateFile, privateKeyFile, checkInterval, System::nanoTime, stamps, served);
    }

    /** A handler for a new connection, with the current certificate (after checking the files, if due). */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        long now = nanoTime.getAsLong();
        long due = nextCheck.get();
        if (now - due >= 0 && nextCheck.compareAndSet(due, now + checkIntervalNanos)) {
            reloadIfChanged();
        }
        return served.context().newHandler(allocator);
    }

    /**
     * Re-reads the files if they changed since last read; returns whether a new certificate is served.
     * Never throws: a missing or broken pair is logged and the current one stays.
     */
    public synchronized boolean reloadIfChanged() {
        FileStamps now;
        try {
            now = stamps(certificateFile, privateKeyFile);
        } catch (TlsMaterialException e) {
            if (seen != null) {
                LOG.error("TLS: {}; still serving the previous certificate", e.getMessage());
                failedReloads.incrementAndGet();
            }
            seen = null; // so the files are read again once they are back
            return false;
        }
        if (now.equals(seen)) {
            return false;
        }
        // Remember them even if they turn out bad: a renewal that writes the key after the certificate
        // changes the stamps again and is retried then, without an error per connection meanwhile.
        seen = now;
        try {
            Served next = load(certificateFile, privateKeyFile);
            served = next;
            reloads.incrementAndGet();
            X509Certificate leaf = next.pair().chain().getFirst();
            LOG.info("TLS: serving the new certificate from {}: {} valid until {}", certificateFile,
                    leaf.getSubjectX500Principal(), leaf.getNotAfter().toInstant());
            return true;
        } catch (TlsMaterialException e) {
            failedReloads.incrementAndGet();
            LOG.error("TLS: cannot use the changed certificate files: {}; still serving the previous certificate",
                    e.getMessage());
            return false;
        }
    }

    /** The certificate chain and key being served. */
    public CertificateKeyPair current() {
        return served.pair();
    }

    /** How many times a changed pair was swapped in. */
    public long reloads() {
        return reloads.get();
    }

    /** How many times a changed pair was refused (the previous one kept). */
    public long failedReloads() {
        return failedReloads.get();
    }

    /**
     * Publishes {@code parley_tls_certificate_expiry_timestamp_seconds} (when the served certificate
     * expires: alert on it if renewals stop) and {@code parley_tls_reloads_total{result}}.
     */
    public void registerMeters(MeterRegistry registry) {
        Gauge.builder("parley.tls.certificate.expiry.timestamp", this,
                        tls -> tls.current().chain().getFirst().getNotAfter().getTime() / 1000.0)
                .description("When the HTTPS certificate being served expires (seconds since the epoch)")
                .baseUnit("seconds")
                .register(registry);
        FunctionCounter.builder("parley.tls.reloads", reloads, AtomicLong::get)
                .description("Changed certificate files swapped in (ok) or refused, the previous pair kept (failed)")
                .tag("result", "ok").register(registry);
        FunctionCounter.builder("parley.tls.reloads", failedReloads, AtomicLong::get)
                .description("Changed certificate files swapped in (ok) or refused, the previous pair kept (failed)")
                .tag("result", "failed").register(registry);
    }

    private static Served load(Path certificateFile, Path privateKeyFile) throws TlsMaterialException {
        CertificateKeyPair pair = CertificateKeyPair.read(certificateFile, privateKeyFile);
        try {
            SslContext context = SslContextBuilder.forServer(pair.privateKey(), pair.chain())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
            return new Served(context, pair);
        } catch (SSLException | IllegalArgumentException e) {
            throw new TlsMaterialException(certificateFile + ", " + privateKeyFile + ": unusable for TLS: "
                    + e.getMessage(), e);
        }
    }

    private static FileStamps stamps(Path certificateFile, Path privateKeyFile) throws TlsMaterialException {
        BasicFileAttributes certificate = attributes(certificateFile);
        BasicFileAttributes key = attributes(privateKeyFile);
        return new FileStamps(certificate.size(), certificate.lastModifiedTime(), certificate.fileKey(),
                key.size(), key.lastModifiedTime(), key.fileKey());
    }

    private static BasicFileAttributes attributes(Path file) throws TlsMaterialException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class); // follows symbolic links (certbot's live/)
        } catch (IOException e) {
            throw new TlsMaterialException(file + ": cannot read: " + e);
        }
    }
}
