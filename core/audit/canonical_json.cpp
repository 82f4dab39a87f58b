#include "audit/canonical_json.h"

#include <QJsonArray>
#include <QLocale>
#include <QStringList>
#include <QVariant>
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace facecase {

namespace {
Error invalid(const QString& path, const QString& what) {
    return Error::invalidInput(QStringLiteral("%1: %2").arg(path, what));
}

Result<QByteArray> integerText(const QJsonValue& value, const QString& path) {
    // Qt keeps integers it was given (or parsed without '.' and exponent) as qint64 and the rest
    // as double; both report isDouble().
    const QVariant variant = value.toVariant();
    qint64 n = 0;
    if (variant.typeId() == QMetaType::LongLong || variant.typeId() == QMetaType::Int) {
        n = variant.toLongLong();
    } else {
        const double d = value.toDouble();
        if (!std::isfinite(d) || std::floor(d) != d) {
            return invalid(path, QStringLiteral("%1 is not a whole number; audit records hold "
                                                "whole numbers only, write it as a string "
                                                "with the precision it was shown with")
                                     .arg(QString::number(d, 'g', QLocale::FloatingPointShortest)));
        }
        if (std::fabs(d) > double(CanonicalJson::kMaxInteger)) {
            return invalid(path, QStringLiteral("%1 is beyond 2^53 - 1; write it as a string")
                                     .arg(QString::number(d, 'g', QLocale::FloatingPointShortest)));
        }
        n = static_cast<qint64>(d);  // -0.0 becomes 0
    }
    if (n > CanonicalJson::kMaxInteger || n < -CanonicalJson::kMaxInteger) {
        return invalid(path, QStringLiteral("%1 is beyond 2^53 - 1; write it as a string").arg(n));
    }
    return QByteArray::number(n);
}
}  // namespace

QByteArray CanonicalJson::quoted(const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (byte < 0x20) {
                    static const char kHex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += kHex[byte >> 4];
                    out += kHex[byte & 0xf];
                } else {
                    // UTF-8 continuation and lead bytes are all >= 0x80: copied as they are.
                    out += c;
                }
        }
    }
    out += '"';
    return out;
}

Result<void> CanonicalJson::append(QByteArray& out, const QJsonValue& value, const QString& path) {
    switch (value.type()) {
        case QJsonValue::Null:
            out += "null";
            return {};
        case QJsonValue::Bool:
            out += value.toBool() ? "true" : "false";
            return {};
        case QJsonValue::Double: {
            auto text = integerText(value, path);
            if (!text) return text.error();
            out += *text;
            return {};
        }
        case QJsonValue::String: {
            const QString s = value.toString();
            if (!s.isValidUtf16()) {
                return invalid(path, QStringLiteral("the text contains an unpaired UTF-16 "
                                                    "surrogate, which has no UTF-8 form"));
            }
            out += quoted(s);
            return {};
        }
        case QJsonValue::Array: {
            const QJsonArray array = value.toArray();
            out += '[';
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (i > 0) out += ',';
                auto appended = append(out, array.at(i), QStringLiteral("%1[%2]").arg(path).arg(i));
                if (!appended) return appended;
            }
            out += ']';
            return {};
        }
        case QJsonValue::Object: {
            const QJsonObject object = value.toObject();
            // Sorted here rather than trusting QJsonObject's internal order, which is by UTF-16
            // code unit and so differs from code point order for keys beyond U+FFFF.
            std::vector<std::pair<QByteArray, QString>> keys;
            keys.reserve(std::size_t(object.size()));
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (!it.key().isValidUtf16()) {
                    return invalid(path, QStringLiteral("a key contains an unpaired UTF-16 "
                                                        "surrogate, which has no UTF-8 form"));
                }
                keys.emplace_back(it.key().toUtf8(), it.key());
            }
            std::sort(keys.begin(), keys.end());
            out += '{';
            bool first = true;
            for (const auto& [utf8, key] : keys) {
                if (!first) out += ',';
                first = false;
                out += quoted(key);
                out += ':';
                auto appended = append(out, object.value(key), path + QLatin1Char('.') + key);
                if (!appended) return appended;
            }
            out += '}';
            return {};
        }
        case QJsonValue::Undefined:
            break;
    }
    return invalid(path, QStringLiteral("undefined value"));
}

Result<QByteArray> CanonicalJson::serialize(const QJsonValue& value, const QString& name) {
    QByteArray out;
    auto appended = append(out, value, name);
    if (!appended) return appended.error();
    return out;
}

}  // namespace facecase
