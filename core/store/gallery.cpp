#include "store/gallery.h"

namespace facecase {

QString Gallery::kindName(Kind kind) {
    return kind == Kind::Synthetic ? QStringLiteral("synthetic") : QStringLiteral("real");
}

}  // namespace facecase
