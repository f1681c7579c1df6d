using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace MetaOpt.Dashboard.Api;

/// <summary>The pages, scripts and styles compiled into this assembly (resources named <c>assets/FILE</c>), served with ETags.</summary>
internal sealed class EmbeddedAssets
{
    private const string Prefix = "assets/";

    private readonly Dictionary<string, (byte[] Content, string ETag)> _files = new(StringComparer.Ordinal);

    public EmbeddedAssets()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            var content = memory.ToArray();
            _files[resource[Prefix.Length..]] = (content, $"\"{Convert.ToHexString(SHA256.HashData(content))[..16]}\"");
        }
    }

    /// <summary>Writes the file, or 304 when the browser has this version, or 404.</summary>
    public IResult Serve(string name, HttpRequest request)
    {
        if (!_files.TryGetValue(name, out var file))
            return Results.NotFound();
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        request.HttpContext.Response.Headers.ETag = file.ETag;
        if (request.Headers.IfNoneMatch.Contains(file.ETag))
            return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(file.Content, ContentType(name));
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
