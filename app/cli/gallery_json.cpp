#include "cli/gallery_json.h"

namespace facecase::cli {

QJsonObject galleryJson(const Gallery& g) {
    return QJsonObject{
        {QStringLiteral("id"), g.id},
        {QStringLiteral("name"), g.name},
        {QStringLiteral("description"), g.description},
        {QStringLiteral("created_at"), g.createdAt.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("revision"), g.revision},
        {QStringLiteral("images"), g.imageCount},
        {QStringLiteral("faces"), g.faceCount},
        {QStringLiteral("kind"), Gallery::kindName(g.kind)},
    };
}

}  // namespace facecase::cli
