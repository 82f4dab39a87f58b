#include "store/text_field.h"

namespace facecase {

Result<QString> TextField::clean(const QString& text, const QString& what, int maxLength,
                                 bool required, Lines lines) {
    const QString trimmed = text.trimmed();
    if (required && trimmed.isEmpty()) {
        return Error::invalidInput(QStringLiteral("%1 is required").arg(what));
    }
    if (trimmed.size() > maxLength) {
        return Error::invalidInput(QStringLiteral("%1 too long (%2 characters, at most %3)")
                                       .arg(what)
                                       .arg(trimmed.size())
                                       .arg(maxLength));
    }
    if (!trimmed.isValidUtf16()) {
        return Error::invalidInput(QStringLiteral("%1 is not valid text").arg(what));
    }
    for (const QChar c : trimmed) {
        const bool allowed =
            lines == Lines::Many &&
            (c == QLatin1Char('\n') || c == QLatin1Char('\t') || c == QLatin1Char('\r'));
        if (c.category() == QChar::Other_Control && !allowed) {
            return Error::invalidInput(
                QStringLiteral("%1 \"%2\" contains a control character%3")
                    .arg(what, trimmed.simplified(),
                         lines == Lines::One ? QStringLiteral(" (newline, tab, ...)") : QString()));
        }
    }
    return trimmed;
}

}  // namespace facecase
