#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The little XML the S3 API needs, by hand.
///
/// Why no XML library: the S3 responses Cairn reads (ListBucketResult, InitiateMultipartUploadResult,
/// CompleteMultipartUploadResult, DeleteResult, Error) are flat documents of a fixed schema
/// written by the server, and Cairn needs a handful of leaf elements from them (Key, Size, Prefix,
/// IsTruncated, NextContinuationToken, UploadId, Code). Their text holds no markup, only the
/// predefined entities and character references, which xml_unescape() decodes. Finding
/// `<Name>...</Name>` within an enclosing element is therefore exact for these documents, and saves
/// a dependency on libxml2 (and its parser surface) for six fields. The bodies Cairn sends are
/// built from escaped strings (xml_escape()).
namespace cairn::artifacts::xml {

/// The raw contents of each `<tag>...</tag>` element (also `<tag/>`, as "") in `doc`, in order,
/// not descending into a nested element of the same name (S3's schema has none).
std::vector<std::string_view> elements(std::string_view doc, std::string_view tag);

/// The decoded text of the first `<tag>` element in `doc`, if any.
std::optional<std::string> text(std::string_view doc, std::string_view tag);

/// Decodes &amp; &lt; &gt; &quot; &apos; and &#N; / &#xN; references (as UTF-8).
std::string unescape(std::string_view raw);

/// Escapes text for an element's content.
std::string escape(std::string_view text);

}  // namespace cairn::artifacts::xml
