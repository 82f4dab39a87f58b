#include "store/removal_reason.h"

namespace facecase {

Result<QString> RemovalReason::clean(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return Error::invalidInput(QStringLiteral(
            "a reason is required: it is recorded in the audit log with the deletion"));
    }
    if (trimmed.size() > kMaxLength) {
        return Error::invalidInput(QStringLiteral("reason too long (%1 characters, at most %2)")
                                       .arg(trimmed.size())
                                       .arg(kMaxLength));
    }
    if (!trimmed.isValidUtf16())
        return Error::invalidInput(QStringLiteral("the reason is not valid text"));
    for (const QChar c : trimmed) {
        const bool lineBreakOrTab =
            c == QLatin1Char('\n') || c == QLatin1Char('\t') || c == QLatin1Char('\r');
        if (c.category() == QChar::Other_Control && !lineBreakOrTab) {
            return Error::invalidInput(QStringLiteral("the reason contains a control character"));
        }
    }
    return trimmed;
}

}  // namespace facecase
