using System.Globalization;

namespace Bosun.Server.Api;

/// <summary>Keptn's <c>pageSize</c>/<c>nextPageKey</c> query parameters; the key is an offset.</summary>
internal sealed record Paging(int Offset, int PageSize)
{
    public static bool TryParse(HttpRequest request, int defaultSize, int maxSize, out Paging paging, out IResult? error)
    {
        paging = new Paging(0, defaultSize);
        error = null;
        var sizeText = request.Query["pageSize"].FirstOrDefault() ?? request.Query["limit"].FirstOrDefault();
        var keyText = request.Query["nextPageKey"].FirstOrDefault();
        var size = defaultSize;
        var offset = 0;
        if (!string.IsNullOrEmpty(sizeText) && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > maxSize))
        {
            error = ApiError.BadRequest($"pageSize must be a number from 1 to {maxSize}");
            return false;
        }
        if (!string.IsNullOrEmpty(keyText) && !int.TryParse(keyText, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            error = ApiError.BadRequest("nextPageKey must be a key returned by a previous page");
            return false;
        }
        paging = new Paging(offset, size);
        return true;
    }
}
