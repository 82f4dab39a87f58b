#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include "types/result.h"

namespace facecase {

// One JSON text per JSON value, byte for byte, so that a hash over it can be recomputed by anyone
// (an auditor's script, another program) from the value alone. The form, also in docs/audit.md:
//  - UTF-8, no byte order mark, no whitespace outside strings;
//  - object members sorted by key in Unicode code point order (= UTF-8 byte order), no
//    duplicates; array elements in their order;
//  - strings: `"` -> \", `\` -> \\, U+0008 \b, U+0009 \t, U+000A \n, U+000C \f, U+000D \r, every
//    other code point below U+0020 -> \u00XX with lower-case hex; everything else (including
//    U+007F, non-ASCII and U+2028) as its raw UTF-8 bytes; `/` is not escaped;
//  - numbers: whole numbers only, between -(2^53 - 1) and 2^53 - 1, in plain decimal (no sign
//    for zero or positives, no leading zeros, no fraction, no exponent);
//  - true, false, null.
// This is exactly what Python's json.dumps(v, sort_keys=True, separators=(",", ":"),
// ensure_ascii=False) writes for such a value, and RFC 8785 (JCS) for keys within the Basic
// Multilingual Plane.
//
// Why no fractional numbers: "0.1" has several textual forms (0.1, 1e-1, 0.10000000000000001)
// and writers disagree on which to emit (Qt writes 1.0 as "1", Python as "1.0"); a verifier that
// re-serialises would then compute a different hash for an untouched record. A distance or a
// threshold belongs in an audit record as the exact text the analyst saw ("0.4123"). Integers
// stop at 2^53 so that every JSON reader (JavaScript, jq) reads them exactly.
//
// Stateless; thread-safe. Cost is linear in the size of the value.
class CanonicalJson {
public:
    static constexpr qint64 kMaxInteger = 9007199254740991;  // 2^53 - 1

    // Refuses (InvalidInput, naming the path of the offending value from `name` down, e.g.
    // "details.candidates[2].distance") fractional, non-finite or too large numbers, strings or
    // keys with unpaired UTF-16 surrogates, and undefined values.
    static Result<QByteArray> serialize(const QJsonValue& value,
                                        const QString& name = QStringLiteral("value"));

    // A JSON string literal in the canonical form. An unpaired surrogate (never produced from
    // text read out of SQLite) becomes U+FFFD, as in QString::toUtf8().
    static QByteArray quoted(const QString& text);

private:
    static Result<void> append(QByteArray& out, const QJsonValue& value, const QString& path);
};

}  // namespace facecase
