# ruff: noqa: E501
"""Fill fulfilment/locale/zh_Hans/LC_MESSAGES/django.po from the table below (run after
`makemessages` in fulfilment/): `python fulfilment/locale/translate_zh.py`."""

from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po, write_po

ZH = {
    "Pending": "待处理",
    "Unshipped": "未发货",
    "Partially shipped": "部分发货",
    "Shipped": "已发货",
    "Delivered": "已送达",
    "Cancelled": "已取消",
    "Refunded": "已退款",
    "Marketplace": "平台",
    "Manual order": "手工订单",
    "Seller (MFN)": "卖家自发货 (MFN)",
    "Marketplace (AFN)": "平台配送 (AFN)",
    "Converted": "已换算",
    "Unconverted": "未换算",
    "No amount reported yet": "平台尚未报告金额",
    "Reported by the marketplace": "平台报告",
    "Estimated from fee rules": "按费用规则估算",
    "No fee": "无费用",
    "Not held": "未暂停",
    "Unknown SKU": "未知 SKU",
    "Money not converted": "金额未换算",
    "Not reserved": "未预留",
    "Reserved": "已预留",
    "Backordered": "缺货待补",
    "Unfulfillable": "无法履约",
    "Released": "已释放",
    "Fulfilled by the marketplace": "由平台履约",
    "Backorder (wait for stock)": "缺货待补（等待到货）",
    "Mark unfulfillable": "标记为无法履约",
    "Own warehouse": "自有仓库",
    "Amazon FBA (Multi-Channel Fulfillment)": "亚马逊 FBA（多渠道配送）",
    "Not routed": "未分配",
    "Planned": "已计划",
    "Requested at FBA": "已向 FBA 下单",
    "Picking": "拣货中",
    "Failed": "失败",
    "Waiting to be sent": "等待发送",
    "Accepted by the marketplace": "平台已接受",
    "Rejected by the marketplace": "平台已拒绝",
    "All": "全部",
    "Status": "状态",
    "Warehouse": "仓库",
    "From": "起始",
    "To": "截止",
    "Order id": "订单号",
    "Filter": "筛选",
    "Order": "订单",
    "Date": "日期",
    "Total": "合计",
    "Base currency": "本位币",
    "Stock": "库存",
    "Fulfilment": "履约",
    "Tracking": "物流单号",
    "unconverted": "未换算",
    "pushed": "已回传",
    "Logistics": "物流",
    "Exceptions": "异常",
    "Waiting for fulfilment": "等待履约",
    "Outbound open": "出库进行中",
    "Tracking not accepted": "物流单号未被接受",
    "Pick list": "拣货单",
    "Upload tracking numbers (CSV)": "上传物流单号（CSV）",
    "Routing rules": "分仓规则",
    "No exceptions.": "没有异常。",
    "Nothing waiting.": "没有等待中的订单。",
    "Outbound shipments": "出库发货",
    "Network": "履约方式",
    "Fee": "费用",
    "No outbound shipments.": "没有出库发货。",
    "Inbound shipments (to FBA)": "入库货件（发往 FBA）",
    "Shipment": "货件",
    "Received": "已收货",
    "short or over": "短少或超收",
    "No inbound shipments pulled yet.": "尚未拉取入库货件。",
    "New manual order": "新建手工订单",
    "Wholesale and phone orders: they are reserved and routed like marketplace orders.": "批发和电话订单：与平台订单一样预留库存并分仓。",
    "Order id (optional)": "订单号（可选）",
    "Currency": "币种",
    "Lines": "订单行",
    "SKU": "SKU",
    "Quantity": "数量",
    "Unit price": "单价",
    "Ship to": "收货地址",
    "Name": "姓名",
    "Address": "地址",
    "City": "城市",
    "Postal code": "邮编",
    "Country (ISO)": "国家（ISO 代码）",
    "Phone": "电话",
    "Note": "备注",
    "Create order": "创建订单",
    "Orders": "订单",
    "Money": "金额",
    "Items": "商品",
    "Marketplace fees": "平台费用",
    "Fulfilment cost": "履约成本",
    "Refunds": "退款",
    "1 %(from)s = %(rate)s %(to)s, rate of %(day)s (%(source)s)": "1 %(from)s = %(rate)s %(to)s，%(day)s 汇率（%(source)s）",
    "Lines and reservation": "订单行与库存预留",
    "Title": "标题",
    "unknown": "未知",
    "Routing": "分仓",
    "Candidate": "候选仓库",
    "Whole order": "整单",
    "Cost": "成本",
    "Delivery (days)": "送达（天）",
    "Fulfilled by the marketplace: recorded, not routed.": "由平台履约：仅记录，不分仓。",
    "Not routed yet.": "尚未分仓。",
    "Shipments": "货件",
    "fee": "费用",
    "Carrier": "承运商",
    "Tracking number": "物流单号",
    "Mark shipped": "标记已发货",
    "No shipment yet.": "尚无货件。",
    "Tracking back to the marketplace": "物流单号回传平台",
    ("%(attempts)s attempt", "%(attempts)s attempts"): ("%(attempts)s 次尝试",),
    "Nothing to push yet.": "暂无需要回传的内容。",
    "Timeline": "时间线",
    "No orders yet. Orders arrive from the connected marketplaces on the next pull.": "暂无订单。下次拉取时，已连接平台的订单会到达。",
    "Print": "打印",
    ("%(lines)s line", "%(lines)s lines"): ("%(lines)s 行",),
    "Location": "库位",
    "Nothing to pick.": "没有需要拣货的商品。",
    "Tried in order, lowest position first. A rule sends a matching order to its warehouse when that warehouse has the whole order (or splits it, if allowed); with none deciding, the whole order goes to one warehouse that has it, own warehouses first. Amazon-fulfilled orders are never routed.": "按顺序尝试，位置数字小的优先。仓库有整单库存时（或允许拆单时），规则把匹配的订单发往该仓库；没有规则决定时，整单发往一个有全部库存的仓库，自有仓库优先。亚马逊配送的订单从不分仓。",
    "Position": "位置",
    "Marketplaces": "平台",
    "Countries": "国家",
    "Cheapest": "最便宜",
    "Split": "拆单",
    "Delete": "删除",
    "No rules: every order goes to one warehouse that has all of it.": "没有规则：每个订单发往一个有全部库存的仓库。",
    "New rule": "新规则",
    "Marketplaces (amazon, aliexpress, wish, manual)": "平台（amazon、aliexpress、wish、manual）",
    "Amazon marketplace ids": "亚马逊站点 ID",
    "Destination countries": "目的国",
    "cheapest warehouse with the whole order": "有整单库存的最便宜仓库",
    "split over warehouses": "跨仓拆单",
    "Add rule": "添加规则",
    "Upload tracking numbers": "上传物流单号",
    "A CSV file with the columns order_id, carrier, tracking_number (and shipment when an order has several). Every row is checked first; when one has a problem, nothing is shipped.": "CSV 文件，列为 order_id、carrier、tracking_number（订单有多个货件时加 shipment）。先检查每一行；只要有一行有问题，就不会发货。",
    "CSV file": "CSV 文件",
    "Upload": "上传",
    "Problems (nothing was shipped)": "问题（未发货）",
    "Row": "行",
    "Column": "列",
    "Problem": "问题",
    "Your role does not allow this.": "您的角色无权执行此操作。",
    "Version %(number)s: %(status)s": "版本 %(number)s：%(status)s",
    "Manual order %(id)s created.": "手工订单 %(id)s 已创建。",
    "MCF failed": "MCF 失败",
    "Shipment marked shipped; the tracking number goes to the marketplace.": "货件已标记发货；物流单号将回传平台。",
    "resolved": "已处理",
    "What was done": "处理说明",
    "Resolve": "处理",
    "Short or over received": "收货短少或超收",
    "Choose a CSV file.": "请选择 CSV 文件。",
    "Routing rule saved.": "分仓规则已保存。",
}

PO = Path(__file__).resolve().parent / "zh_Hans" / "LC_MESSAGES" / "django.po"


def main() -> None:
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="zh_Hans")
    catalog.locale = Locale.parse("zh_Hans")
    catalog.fuzzy = False
    catalog.project, catalog.version = "crossborder-hub fulfilment", "1"
    missing = []
    for message in catalog:
        if not message.id:
            continue
        value = ZH.get(message.id)
        if value is None:
            missing.append(message.id)
            continue
        message.string = value
        message.flags.discard("fuzzy")
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=120)
    if missing:
        raise SystemExit(f"untranslated: {missing}")


if __name__ == "__main__":
    main()
