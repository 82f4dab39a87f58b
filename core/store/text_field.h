#pragma once

#include <QString>

#include "types/result.h"

namespace facecase {

// Free text the store keeps (case numbers, titles, purposes, reasons, notes, analyst names),
// checked once the same way everywhere. One-line fields refuse every control character because
// a newline or tab in a case number or a name breaks lists, CLI tables and report headers;
// multi-line fields (purposes, reasons, notes) allow newlines and tabs only. Stateless.
class TextField {
public:
    enum class Lines { One, Many };

    // Trimmed `text`, or InvalidInput naming `what`: required but blank, longer than
    // `maxLength` characters, not valid UTF-16, or holding a control character.
    static Result<QString> clean(const QString& text, const QString& what, int maxLength,
                                 bool required, Lines lines);
};

}  // namespace facecase
