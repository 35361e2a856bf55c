#!/usr/bin/env python3
"""Generate the demo shop's CSV exports (csbot/demo_shop/data/) deterministically.

    python scripts/make_demo_data.py [--out DIR] [--products N]

The files imitate the PDD merchant backend's exports, in the encodings shops really get:
products.csv in GBK (one row per SKU), orders.csv in UTF-8 with a BOM, coupons.csv in
UTF-8.  All times are written relative to a fixed ANCHOR (recorded in demo_meta.json);
csbot's demo builder moves them so that ANCHOR becomes "now", which keeps orders near and
past the 48 h ship deadline whatever day the demo is opened.

Same seed, same files: the output is committed and reviewed as data.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ANCHOR = datetime(2026, 3, 1, 10, 0, 0)
SEED = 20260301
OUT = Path(__file__).resolve().parent.parent / "csbot" / "demo_shop" / "data"

# Words a product title must not carry: titles are quoted to buyers in replies, and these are
# absolute claims or stock-out admissions the platform penalises.
BANNED_IN_TITLES = (
    "最", "第一", "唯一", "独家", "首选", "王牌", "永久", "万能", "特效", "顶级", "极品", "至尊",
    "百分百", "100%", "绝对", "独一无二", "NO.1", "TOP1", "缺货", "无货", "断码", "缺码", "售罄", "二维码",
)  # fmt: skip

CLOTHES_SIZES = ("S", "M", "L", "XL", "2XL")
SHOE_SIZES = ("36", "37", "38", "39", "40", "41", "42", "43")
COLOURS = ("黑色", "白色", "灰色", "米白色", "杏色", "藏青色", "卡其色", "粉色", "浅蓝色", "军绿色", "酒红色", "燕麦色")


@dataclass(frozen=True)
class Item:
    core: str  # the noun the title is built around
    low: float
    high: float
    sku: str  # "clothes", "shoes", a "规格" option list joined by "|", or "" for no SKUs
    more: str = ""  # other words sellers stuff into titles for the same thing, joined by "|"


# category -> (title prefixes, title middles, title suffixes, items)
CATALOGUE: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[Item, ...]]] = {
    "女装": (
        ("2026春季新款", "春秋", "夏季", "法式", "韩版", "气质"),
        ("宽松", "显瘦", "纯棉", "高腰", "复古", "小个子"),
        ("女", "女士百搭上衣", "学生ins风", "设计感小众", "通勤"),
        (
            Item("连衣裙", 69, 159, "clothes", "裙子|长裙|碎花裙"),
            Item("短袖T恤", 29, 59, "clothes", "T恤|半袖上衣|体恤"),
            Item("连帽卫衣", 59, 129, "clothes", "卫衣|帽衫|外套"),
            Item("直筒牛仔裤", 59, 119, "clothes", "牛仔裤|长裤|阔腿裤"),
            Item("针织开衫", 49, 109, "clothes", "开衫|毛衣外套|针织衫"),
            Item("半身裙", 45, 99, "clothes", "a字裙|中长裙|裙子"),
            Item("衬衫", 45, 99, "clothes", "衬衣|上衣|长袖衬衫"),
        ),
    ),
    "男装": (
        ("2026春季新款", "夏季", "潮牌", "美式", "日系", "休闲"),
        ("宽松", "纯棉", "加厚", "冰丝", "重磅", "速干"),
        ("男", "男士百搭", "青少年", "情侣款", "潮流"),
        (
            Item("短袖T恤", 29, 69, "clothes", "T恤|半袖上衣|体恤"),
            Item("休闲裤", 49, 119, "clothes", "长裤|工装裤|裤子"),
            Item("连帽卫衣", 59, 139, "clothes", "卫衣|帽衫|外套"),
            Item("夹克外套", 89, 199, "clothes", "夹克|外套上衣|夹克衫"),
            Item("Polo衫", 39, 89, "clothes", "翻领T恤|polo|短袖上衣"),
            Item("运动短裤", 25, 59, "clothes", "短裤|五分裤|沙滩裤"),
        ),
    ),
    "鞋靴": (
        ("2026新款", "春季", "夏季", "百搭", "厚底", "轻便"),
        ("透气", "防滑", "软底", "增高", "网面", "真皮"),
        ("女", "男", "情侣款", "学生", "休闲"),
        (
            Item("运动鞋", 69, 169, "shoes", "跑步鞋|运动休闲鞋|跑鞋"),
            Item("帆布鞋", 39, 89, "shoes", "布鞋|板鞋|低帮鞋"),
            Item("老爹鞋", 79, 159, "shoes", "厚底鞋|运动鞋|增高鞋"),
            Item("小白鞋", 59, 129, "shoes", "板鞋|白鞋|休闲鞋"),
            Item("马丁靴", 99, 199, "shoes", "短靴|靴子|工装靴"),
            Item("洞洞鞋", 25, 59, "shoes", "凉拖鞋|包头拖鞋|沙滩鞋"),
        ),
    ),
    "母婴用品": (
        ("婴儿", "宝宝", "新生儿", "儿童", "幼儿"),
        ("纯棉", "柔软", "加厚", "便携", "食品级"),
        ("0-3岁", "男女宝宝", "四季通用", "家庭装", "囤货装"),
        (
            Item("纸尿裤", 49, 129, "NB码|S码|M码|L码|XL码", "尿不湿|拉拉裤|尿裤"),
            Item("连体衣", 35, 79, "59cm|66cm|73cm|80cm|90cm", "哈衣|爬服|宝宝衣服"),
            Item("保温水杯", 39, 89, "粉色|蓝色|黄色", "吸管杯|水杯|学饮杯"),
            Item("手口湿巾", 19, 45, "10包|20包|30包", "湿巾|湿纸巾|湿巾纸"),
            Item("口水巾围嘴", 15, 35, "5条装|10条装", "围嘴|口水巾|饭兜"),
            Item("软毛牙刷", 12, 29, "2支装|4支装", "牙刷|儿童牙刷|乳牙刷"),
        ),
    ),
    "家居日用": (
        ("家用", "加厚", "北欧风", "简约", "宿舍"),
        ("大容量", "可折叠", "防水", "耐用", "多功能"),
        ("家用", "家庭装", "组合装", "耐用款", "宿舍用"),
        (
            Item("收纳箱", 19, 59, "小号|中号|大号", "收纳盒|整理箱|储物箱"),
            Item("抽纸", 19, 49, "12包|24包|36包", "纸巾|面巾纸|餐巾纸"),
            Item("纯棉四件套", 89, 199, "1.5m床|1.8m床|2.0m床", "床上四件套|被套床单|床品"),
            Item("毛巾", 15, 39, "3条装|5条装", "洗脸巾|面巾|浴巾"),
            Item("免手洗拖把", 29, 79, "标准款|加大款", "拖把|平板拖把|拖布"),
            Item("晾衣架", 15, 45, "10个装|20个装|30个装", "衣架|挂衣架|晾衣撑"),
            Item("垃圾袋", 9.9, 25, "3卷|6卷|10卷", "垃圾袋子|塑料袋|背心袋"),
        ),
    ),
    "厨房用品": (
        ("家用", "不锈钢", "加厚", "日式", "厨房"),
        ("不粘", "耐高温", "食品级", "防霉", "大容量"),
        ("厨房用具", "家庭装", "套装", "燃气电磁炉通用", "耐用"),
        (
            Item("炒锅", 59, 159, "30cm|32cm|34cm", "炒菜锅|平底锅|铁锅"),
            Item("菜刀", 29, 79, "切片刀|斩骨刀", "刀具|切菜刀|厨师刀"),
            Item("保鲜盒", 19, 49, "4件套|8件套|12件套", "饭盒|便当盒|密封盒"),
            Item("砧板", 19, 59, "小号|中号|大号", "菜板|案板|切菜板"),
            Item("电热水壶", 39, 89, "1.5L|1.8L|2.0L", "烧水壶|开水壶|热水壶"),
            Item("硅胶锅铲", 12, 35, "单只|三件套", "锅铲|炒菜铲|铲子"),
        ),
    ),
    "数码配件": (
        ("快充", "适用苹果华为", "加长", "磁吸", "2026新款"),
        ("编织", "透明", "防摔", "超薄", "迷你"),
        ("数码配件", "通用", "便携", "耐用款", "两条装"),
        (
            Item("数据线", 9.9, 29, "1米|2米|3米", "充电线|快充线|手机线"),
            Item("充电头", 19, 59, "20W|33W|65W", "充电器|快充头|插头"),
            Item("手机壳", 9.9, 29, "iPhone15|iPhone16|华为Mate60", "保护套|防摔壳|软壳"),
            Item("蓝牙耳机", 59, 159, "黑色|白色", "无线耳机|入耳式耳机|耳机"),
            Item("充电宝", 49, 129, "10000毫安|20000毫安", "移动电源|快充充电宝|便携电源"),
            Item("钢化膜", 9.9, 25, "2片装|4片装", "手机膜|保护膜|贴膜"),
        ),
    ),
    "美妆个护": (
        ("温和", "清爽", "补水", "控油", "保湿"),
        ("氨基酸", "烟酰胺", "玻尿酸", "神经酰胺", "植物"),
        ("男女通用", "学生党", "家庭装", "旅行装", "套装"),
        (
            Item("洗面奶", 19, 59, "100g|150g", "洁面乳|洁面|洗脸"),
            Item("面膜", 29, 79, "10片|20片|30片", "补水面膜|面膜贴|贴片面膜"),
            Item("身体乳", 29, 69, "200ml|400ml", "润肤乳|身体霜|润肤露"),
            Item("洗发水", 29, 79, "500ml|750ml", "洗发露|洗头膏|洗护"),
            Item("牙膏", 12, 35, "3支装|5支装", "清新口气牙膏|美白牙膏|牙膏套装"),
            Item("护手霜", 9.9, 29, "3支装|6支装", "手霜|润手霜|护手乳"),
        ),
    ),
    "食品零食": (
        ("网红", "办公室", "休闲", "儿童", "宿舍"),
        ("每日", "混合", "独立包装", "原味", "香辣"),
        ("零食大礼包", "整箱", "囤货", "送礼", "小包装"),
        (
            Item("坚果", 39, 99, "500g|750g|1000g", "每日坚果|坚果仁|干果"),
            Item("辣条", 9.9, 29, "20包|40包", "麻辣零食|辣片|面筋"),
            Item("螺蛳粉", 19, 49, "3袋|5袋|10袋", "米粉|柳州螺蛳粉|粉丝"),
            Item("牛肉干", 29, 79, "250g|500g", "风干牛肉|牛肉条|肉干"),
            Item("苏打饼干", 15, 39, "1kg|2kg", "饼干|咸味饼干|薄脆饼干"),
            Item("挂耳咖啡", 25, 69, "20包|50包", "咖啡|黑咖啡|咖啡粉"),
        ),
    ),
    "宠物用品": (
        ("家用", "宠物", "养宠", "新手养宠", "实惠"),
        ("除臭", "低尘", "营养", "耐咬", "防爆冲"),
        ("用品", "家庭装", "实惠装", "大包装", "通用"),
        (
            Item("豆腐猫砂", 25, 59, "6L|12L|18L", "猫砂|混合猫砂|猫沙"),
            Item("全价猫粮", 39, 129, "1.5kg|2.5kg|5kg", "猫粮|幼猫粮|成猫粮"),
            Item("狗粮", 39, 139, "2kg|5kg|10kg", "犬粮|成犬粮|幼犬粮"),
            Item("牵引绳", 15, 45, "S|M|L", "遛狗绳|胸背带|狗绳"),
            Item("猫抓板", 12, 39, "小号|大号", "猫爪板|瓦楞纸猫抓板|磨爪板"),
        ),
    ),
}

COURIERS = (
    ("中通快递", "7", 14),
    ("圆通速递", "YT", 13),
    ("韵达快递", "43", 13),
    ("申通快递", "77", 13),
    ("极兔速递", "JT", 13),
    ("顺丰速运", "SF", 13),
)


@dataclass
class Sku:
    spec: str
    price: float
    stock: int


@dataclass
class Product:
    id: str
    title: str
    category: str
    skus: list[Sku]
    restock: datetime | None


def _title(rng: random.Random, prefixes, middles, suffixes, item: Item, used: set[str]) -> str:
    # Like real PDD titles: a season or style, an attribute, the noun, a target group, a synonym.
    for _ in range(100):
        title = f"{rng.choice(prefixes)}{rng.choice(middles)}{item.core}{rng.choice(suffixes)}"
        title += rng.choice(item.more.split("|")) if item.more else ""
        if title not in used:
            used.add(title)
            assert not any(word in title for word in BANNED_IN_TITLES), title
            return title
    raise RuntimeError(f"cannot make a new title for {item.core}")


def _skus(rng: random.Random, kind: str, price: float) -> list[tuple[str, float]]:
    if kind == "clothes":
        colours = rng.sample(COLOURS, rng.randint(2, 3))
        return [(f"{c},{s}", price) for c in colours for s in CLOTHES_SIZES[: rng.randint(4, 5)]]
    if kind == "shoes":
        colours = rng.sample(COLOURS[:6], 2)
        return [(f"{c},{s}", price) for c in colours for s in SHOE_SIZES]
    if not kind:
        return [("", price)]
    # Option lists (容量, 包数 …): bigger options cost more, like real listings.
    return [(option, round(price * (1 + 0.6 * n), 1)) for n, option in enumerate(kind.split("|"))]


def _price(rng: random.Random, low: float, high: float) -> float:
    value = rng.uniform(low, high)
    return round(int(value) + rng.choice((0.0, 0.9, 0.9, 0.8, 0.5)), 1)


def make_products(rng: random.Random, count: int) -> list[Product]:
    products: list[Product] = []
    used_titles: set[str] = set()
    used_ids: set[str] = set()
    categories = list(CATALOGUE)
    n = 0
    while len(products) < count:
        category = categories[n % len(categories)]
        prefixes, middles, suffixes, items = CATALOGUE[category]
        item = items[(n // len(categories)) % len(items)]
        n += 1
        pid = str(rng.randrange(10**11, 10**12))
        while pid in used_ids:
            pid = str(rng.randrange(10**11, 10**12))
        used_ids.add(pid)
        price = _price(rng, item.low, item.high)
        kind = item.sku if rng.random() > 0.05 else ""  # a few listings have no SKU choice
        roll = rng.random()
        skus = []
        for spec, sku_price in _skus(rng, kind, price):
            if roll < 0.12:
                stock = 0  # the whole product is sold through
            elif rng.random() < 0.12:
                stock = 0  # one colour/size sold through
            else:
                stock = rng.choice((3, 8, 15, 26, 40, 66, 120, 230))
            skus.append(Sku(spec, sku_price, stock))
        restock = None
        if any(s.stock == 0 for s in skus) and rng.random() < 0.7:
            restock = ANCHOR + timedelta(days=rng.randint(3, 15))
        title = _title(rng, prefixes, middles, suffixes, item, used_titles)
        products.append(Product(pid, title, category, skus, restock))
    return products


@dataclass
class OrderRow:
    sn: str
    product: Product
    sku: Sku
    qty: int
    amount: float
    status: str
    aftersale: str
    group: datetime
    promise: datetime
    shipped: datetime | None
    courier: str
    tracking: str
    trace: datetime | None


def _sn(rng: random.Random, when: datetime, used: set[str]) -> str:
    while True:
        sn = f"{when:%y%m%d}-{rng.randrange(10**14, 10**15)}"
        if sn not in used:
            used.add(sn)
            return sn


def _tracking(rng: random.Random) -> tuple[str, str]:
    name, prefix, digits = rng.choice(COURIERS)
    return name, prefix + "".join(rng.choice("0123456789") for _ in range(digits - len(prefix)))


def make_orders(rng: random.Random, products: list[Product]) -> list[OrderRow]:
    rows: list[OrderRow] = []
    used: set[str] = set()
    available = [(p, s) for p in products for s in p.skus if s.stock > 0]
    sold_out = [(p, s) for p in products for s in p.skus if s.stock == 0]

    def order(status: str, group: datetime, *, out: bool = False, aftersale: str = "") -> OrderRow:
        product, sku = rng.choice(sold_out if out else available)
        qty = 1 if rng.random() < 0.8 else 2
        discount = rng.choice((1.0, 1.0, 0.95, 0.9))  # platform coupons lower 商家实收
        amount = round(sku.price * qty * discount, 2)
        courier, tracking = _tracking(rng)
        return OrderRow(
            _sn(rng, group, used),
            product,
            sku,
            qty,
            amount,
            status,
            aftersale,
            group,
            group + timedelta(hours=48),
            None,
            courier,
            tracking,
            None,
        )

    def ago(low_h: float, high_h: float) -> datetime:
        return (ANCHOR - timedelta(hours=rng.uniform(low_h, high_h))).replace(second=0, microsecond=0)

    # 待发货: plenty of time, near the 48 h deadline, past it; some on a sold-through SKU.
    for n in range(60):
        band = n % 4
        hours = ((1, 24), (24, 40), (40, 47.5), (48.5, 80))[band]
        rows.append(order("待发货", ago(*hours), out=n % 5 == 0))
    # 已发货: some waybills never moved (fake-shipping risk after ~24 h), most moving.
    for n in range(60):
        group = ago(30, 140)
        row = order("已发货", group)
        row.shipped = group + timedelta(hours=rng.uniform(6, 28))
        if row.shipped > ANCHOR - timedelta(hours=1):
            row.shipped = ANCHOR - timedelta(hours=rng.uniform(2, 12))
        row.shipped = row.shipped.replace(second=0, microsecond=0)
        if n % 4 != 0:
            row.trace = min(ANCHOR, row.shipped + timedelta(hours=rng.uniform(2, 40))).replace(second=0)
        rows.append(row)
    # 已签收 and 售后中: delivered a few days to three weeks ago.
    for status in ("已签收", "售后中"):
        for n in range(60):
            group = ago(96, 500)
            row = order(
                status,
                group,
                aftersale=rng.choice(("退款中", "待商家处理", "待买家退货")) if status == "售后中" else "",
            )
            if status == "售后中" and n % 6 == 0:
                rows.append(row)  # refund asked for before shipping (仅退款)
                continue
            row.shipped = (group + timedelta(hours=rng.uniform(4, 40))).replace(second=0, microsecond=0)
            row.trace = (row.shipped + timedelta(hours=rng.uniform(30, 90))).replace(second=0)
            rows.append(row)
    for _ in range(12):
        rows.append(order("已取消", ago(24, 300)))
    # Several orders carry two items, as a multi-item export does (same 订单号 on two rows).
    for row in rows[5:200:23]:
        product, sku = rng.choice(available)
        rows.append(
            OrderRow(
                row.sn, product, sku, 1, sku.price, row.status, row.aftersale, row.group, row.promise,
                row.shipped, row.courier, row.tracking, row.trace,
            )
        )  # fmt: skip
    rows.sort(key=lambda r: (r.group, r.sn), reverse=True)
    return rows


def _export_status(row: OrderRow) -> tuple[str, str]:
    """Status and 售后状态 as the backend exports them."""
    if row.status == "已发货":
        return "已发货，待签收", ""
    if row.status == "售后中":
        return ("待发货" if row.shipped is None else "已签收"), row.aftersale
    return row.status, ""


def _time(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


def write_products(path: Path, products: list[Product]) -> None:
    with path.open("w", encoding="gbk", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["商品ID", "商品名称", "类目", "规格", "价格", "库存", "补货日期"])
        for p in products:
            for sku in p.skus:
                restock = p.restock.strftime("%Y-%m-%d") if p.restock else ""
                out.writerow([p.id, p.title, p.category, sku.spec, f"{sku.price:.2f}", sku.stock, restock])


def write_orders(path: Path, rows: list[OrderRow]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["订单号", "商品ID", "商品", "商品规格", "数量", "商家实收金额(元)", "订单状态", "售后状态",
             "成团时间", "承诺发货时间", "发货时间", "快递公司", "快递单号", "物流更新时间"]
        )  # fmt: skip
        for r in rows:
            status, aftersale = _export_status(r)
            shipped = r.shipped is not None
            out.writerow(
                [r.sn, r.product.id, r.product.title, r.sku.spec, r.qty, f"{r.amount:.2f}", status, aftersale,
                 _time(r.group), _time(r.promise), _time(r.shipped), r.courier if shipped else "",
                 r.tracking if shipped else "", _time(r.trace)]
            )  # fmt: skip


def write_coupons(path: Path) -> None:
    day = timedelta(days=1)
    coupons = [
        ("C20260201", "店铺新人券", 3, 0, ANCHOR - 20 * day, ANCHOR + 40 * day),
        ("C20260202", "满49减5", 5, 49, ANCHOR - 10 * day, ANCHOR + 20 * day),
        ("C20260203", "满99减10", 10, 99, ANCHOR - 10 * day, ANCHOR + 20 * day),
        ("C20260204", "满199减25", 25, 199, ANCHOR - 5 * day, ANCHOR + 25 * day),
        ("C20260205", "满299减40", 40, 299, ANCHOR - 5 * day, ANCHOR + 25 * day),
        ("C20260115", "年货节满59减8", 8, 59, ANCHOR - 40 * day, ANCHOR - 2 * day),
        ("C20260310", "春季上新满129减15", 15, 129, ANCHOR + 5 * day, ANCHOR + 35 * day),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["优惠券ID", "优惠券名称", "面额(元)", "使用门槛(元)", "开始时间", "结束时间"])
        for cid, name, amount, threshold, start, end in coupons:
            out.writerow([cid, name, f"{amount:.2f}", f"{threshold:.2f}", _time(start), _time(end)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--products", type=int, default=160)
    args = parser.parse_args()
    rng = random.Random(SEED)
    products = make_products(rng, args.products)
    orders = make_orders(rng, products)
    args.out.mkdir(parents=True, exist_ok=True)
    write_products(args.out / "products.csv", products)
    write_orders(args.out / "orders.csv", orders)
    write_coupons(args.out / "coupons.csv")
    meta = {"anchor": _time(ANCHOR), "seed": SEED, "generator": "scripts/make_demo_data.py"}
    (args.out / "demo_meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    skus = sum(len(p.skus) for p in products)
    print(f"{len(products)} products ({skus} SKU rows), {len({o.sn for o in orders})} orders -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
