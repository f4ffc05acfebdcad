using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace DocStream.IngestApi.Apis;

/// <summary>
/// Reads a request body into a pooled buffer, refusing it as soon as it passes the route's limit, so a
/// 20 MB body costs the server no more than the limit.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    public int Length { get; private set; }
    public bool TooLarge { get; private set; }

    public ReadOnlyMemory<byte> Memory => _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);

    public static async Task<RequestBody> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var body = new RequestBody();
        if (request.ContentLength > limit)
        {
            body.TooLarge = true;
            return body;
        }
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit + 1L;
        }

        body._buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        try
        {
            while (true)
            {
                if (body.Length == body._buffer.Length)
                {
                    if (body.Length > limit)
                    {
                        body.TooLarge = true;
                        return body;
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(body._buffer.Length * 2, limit + 1));
                    body._buffer.AsSpan(0, body.Length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(body._buffer);
                    body._buffer = bigger;
                }
                var read = await request.Body.ReadAsync(body._buffer.AsMemory(body.Length), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                body.Length += read;
                if (body.Length > limit)
                {
                    body.TooLarge = true;
                    return body;
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body.TooLarge = true;
        }
        return body;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
