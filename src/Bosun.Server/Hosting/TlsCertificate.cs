using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bosun.Server.Hosting;

/// <summary>
/// DESIGN §8: <c>--tls-cert</c> and <c>--tls-key</c> (PEM files, e.g. a mounted Kubernetes TLS Secret's
/// <c>tls.crt</c> and <c>tls.key</c>) make <c>--listen</c> serve HTTPS. Read at start: a missing, unreadable or
/// mismatched pair stops the start in one line naming the flag.
/// </summary>
internal static class TlsCertificate
{
    /// <exception cref="ArgumentException">Only one flag is given, or the files do not hold a certificate and its key.</exception>
    public static X509Certificate2? Load(BosunOptions options)
    {
        var (cert, key) = (options.TlsCert, options.TlsKey);
        if (string.IsNullOrEmpty(cert) && string.IsNullOrEmpty(key))
        {
            return null;
        }
        if (string.IsNullOrEmpty(cert) || string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("give both --tls-cert and --tls-key (PEM files), or neither");
        }
        foreach (var (flag, path) in new[] { ("--tls-cert", cert), ("--tls-key", key) })
        {
            if (!File.Exists(path))
            {
                throw new ArgumentException($"{flag}: no such file {path}");
            }
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(cert, key);
            // Exported and read back, so the key is one the TLS stack can use on every platform (not an ephemeral one).
            var usable = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            if (!usable.HasPrivateKey)
            {
                throw new ArgumentException($"--tls-key: {key} holds no private key for {cert}");
            }
            return usable;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--tls-cert/--tls-key: {cert} and {key} are not a PEM certificate and its private key: {e.Message}");
        }
    }
}
