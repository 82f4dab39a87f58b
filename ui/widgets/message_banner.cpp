#include "widgets/message_banner.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace facecase::ui {

MessageBanner::MessageBanner(QWidget* parent) : QFrame(parent) {
    setObjectName(QStringLiteral("messageBanner"));
    setAttribute(Qt::WA_StyledBackground);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->setSpacing(10);

    m_icon = new QLabel(this);
    m_icon->setFixedSize(20, 20);
    layout->addWidget(m_icon, 0, Qt::AlignTop);

    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("messageBannerText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);  // messages get copied into reports
    m_text->setMinimumHeight(20);
    layout->addWidget(m_text, 1);

    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("messageBannerClose"));
    m_close->setIcon(QIcon(QStringLiteral(":/icons/window-close.svg")));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Dismiss this message (Esc)"));
    m_close->setAccessibleName(tr("Dismiss message"));
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &MessageBanner::dismiss);
    hide();
}

void MessageBanner::showMessage(Kind kind, const QString& text) {
    m_kind = kind;
    const bool error = kind == Kind::Error;
    setStyleSheet(
        error ? QStringLiteral(
                    "#messageBanner { margin: 6px 8px; background: #fdecea; border: 1px solid "
                    "#f2b8b5; border-radius: 4px; } "
                    "#messageBannerText { color: #5f1412; }")
              : QStringLiteral(
                    "#messageBanner { margin: 6px 8px; background: #e8f0fe; border: 1px solid "
                    "#b6cdf7; border-radius: 4px; } "
                    "#messageBannerText { color: #0b2e63; }"));
    const QIcon icon(error ? QStringLiteral(":/icons/dialog-error.svg")
                           : QStringLiteral(":/icons/dialog-information.svg"));
    m_icon->setPixmap(icon.pixmap(QSize(20, 20), devicePixelRatioF()));
    m_icon->setAccessibleName(error ? tr("Error") : tr("Notice"));
    m_text->setText(text);
    show();
}

QString MessageBanner::text() const {
    return m_text->text();
}

void MessageBanner::dismiss() {
    if (isHidden()) return;
    hide();
    emit dismissed();
}

void MessageBanner::clearError() {
    if (m_kind == Kind::Error) dismiss();
}

}  // namespace facecase::ui
