import type { CategoryCreateInput } from '../domain/create-category';
import type { ProductCreateInput } from '../domain/create-product';
import type { MediaAddInput } from '../domain/add-media';

/**
 * The demo catalog of the embedded runtime: a three-level category tree and 53 products with options,
 * variants, weights, attributes and media. Everything is derived from fixed tables, so every run describes
 * the same catalog and slugs identify what is already there.
 */

export interface DemoCategory extends Omit<CategoryCreateInput, 'parentId'> {
  slug: string;
  parentSlug: string | null;
}

export const demoCategories: DemoCategory[] = [
  { slug: 'apparel', name: 'Apparel', parentSlug: null, description: 'Clothing for every season.' },
  { slug: 'men', name: 'Men', parentSlug: 'apparel' },
  { slug: 'shirts', name: 'Shirts', parentSlug: 'men' },
  { slug: 'trousers', name: 'Trousers', parentSlug: 'men' },
  { slug: 'women', name: 'Women', parentSlug: 'apparel' },
  { slug: 'dresses', name: 'Dresses', parentSlug: 'women' },
  { slug: 'knitwear', name: 'Knitwear', parentSlug: 'women' },
  { slug: 'home', name: 'Home', parentSlug: null, description: 'Things for the kitchen and the living room.' },
  { slug: 'kitchen', name: 'Kitchen', parentSlug: 'home' },
  { slug: 'lighting', name: 'Lighting', parentSlug: 'home' },
  { slug: 'outdoor', name: 'Outdoor', parentSlug: null, description: 'Gear for trails and campsites.' },
  { slug: 'camping', name: 'Camping', parentSlug: 'outdoor' },
];

type Family = 'apparel' | 'goods';

interface Line {
  category: string;
  family: Family;
  names: string[];
  materials: string[];
  blurb: string;
}

const lines: Line[] = [
  {
    category: 'shirts',
    family: 'apparel',
    names: [
      'Oxford Shirt',
      'Linen Shirt',
      'Flannel Shirt',
      'Denim Shirt',
      'Poplin Shirt',
      'Chambray Shirt',
      'Striped Breton Shirt',
      'Short-Sleeve Camp Shirt',
    ],
    materials: ['cotton', 'linen', 'cotton', 'cotton', 'cotton', 'cotton', 'cotton', 'linen'],
    blurb: 'A relaxed fit with a button-down collar, cut to wear tucked or loose.',
  },
  {
    category: 'trousers',
    family: 'apparel',
    names: [
      'Chino Trousers',
      'Wool Trousers',
      'Cargo Trousers',
      'Corduroy Trousers',
      'Linen Trousers',
      'Drawstring Joggers',
      'Pleated Trousers',
    ],
    materials: ['cotton', 'wool', 'cotton', 'cotton', 'linen', 'cotton', 'wool'],
    blurb: 'A straight leg with a mid rise and deep pockets.',
  },
  {
    category: 'dresses',
    family: 'apparel',
    names: ['Wrap Dress', 'Shirt Dress', 'Slip Dress', 'Maxi Dress', 'Linen Sundress', 'Midi Dress', 'Knit Dress'],
    materials: ['viscose', 'cotton', 'silk', 'viscose', 'linen', 'cotton', 'wool'],
    blurb: 'An easy silhouette that works from morning to evening.',
  },
  {
    category: 'knitwear',
    family: 'apparel',
    names: [
      'Merino Crew Jumper',
      'Cashmere Cardigan',
      'Cable Knit Sweater',
      'Cotton Roll Neck',
      'Alpaca Scarf',
      'Fisherman Beanie',
      'Lambswool V-Neck',
    ],
    materials: ['wool', 'cashmere', 'wool', 'cotton', 'alpaca', 'wool', 'wool'],
    blurb: 'Knitted for warmth without bulk; it softens with every wear.',
  },
  {
    category: 'kitchen',
    family: 'goods',
    names: [
      'Cast Iron Skillet',
      'Chef Knife',
      'Ceramic Teapot',
      'Stoneware Mug Set',
      'Bamboo Cutting Board',
      'Copper Saucepan',
      'Enamel Dutch Oven',
      'Olive Wood Spoon Set',
    ],
    materials: ['iron', 'steel', 'ceramic', 'stoneware', 'bamboo', 'copper', 'iron', 'wood'],
    blurb: 'Made to be used every day and to last for decades.',
  },
  {
    category: 'lighting',
    family: 'goods',
    names: [
      'Brass Desk Lamp',
      'Linen Pendant Shade',
      'Ceramic Table Lamp',
      'Rattan Floor Lamp',
      'LED Reading Light',
      'Glass Wall Sconce',
      'Paper Lantern',
    ],
    materials: ['brass', 'linen', 'ceramic', 'rattan', 'aluminium', 'glass', 'paper'],
    blurb: 'Warm, glare-free light for reading corners and dinner tables.',
  },
  {
    category: 'camping',
    family: 'goods',
    names: [
      'Two-Person Tent',
      'Down Sleeping Bag',
      'Insulated Water Bottle',
      'Camping Stove',
      'Trail Headlamp',
      'Folding Camp Chair',
      'Merino Hiking Socks',
      'Ultralight Backpack',
      'Camping Hammock',
    ],
    materials: ['nylon', 'down', 'steel', 'steel', 'aluminium', 'aluminium', 'wool', 'nylon', 'nylon'],
    blurb: 'Light enough to carry all day and tough enough for the weather.',
  },
];

const colours = ['Navy', 'Olive', 'Sand', 'Charcoal', 'Rust', 'Cream'];
const finishes = ['Black', 'White', 'Natural', 'Forest'];

export interface DemoProduct {
  slug: string;
  /** Category slug. */
  category: string;
  input: Omit<ProductCreateInput, 'categoryId'>;
  media: Omit<MediaAddInput, 'productId' | 'variantId'>[];
}

const skuPart = (text: string): string => text.toUpperCase().replace(/[^A-Z0-9]+/g, '');

function demoProduct(line: Line, name: string, index: number, serial: number): DemoProduct {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const material = line.materials[index] ?? 'cotton';
  // Mostly ACTIVE, with a few drafts and archived products so visibility rules have something to hide.
  const status = serial % 13 === 5 ? 'DRAFT' : serial % 17 === 9 ? 'ARCHIVED' : 'ACTIVE';
  const first = colours[serial % colours.length]!;
  const second = colours[(serial + 1) % colours.length]!;
  const sku = (...parts: string[]) =>
    [skuPart(slug).slice(0, 16), String(serial).padStart(2, '0'), ...parts.map(skuPart)].join('-');

  if (line.family === 'apparel') {
    const sizes = serial % 2 === 0 ? ['S', 'M', 'L'] : ['S', 'M', 'L', 'XL'];
    return {
      slug,
      category: line.category,
      input: {
        name,
        slug,
        status,
        description: `${name} in ${material}. ${line.blurb}`,
        options: [
          { name: 'Size', values: sizes },
          { name: 'Colour', values: [first, second] },
        ],
        attributes: [
          { name: 'material', type: 'TEXT', value: material },
          { name: 'organic', type: 'BOOLEAN', value: serial % 3 === 0 ? 'true' : 'false' },
          { name: 'fabric_weight_gsm', type: 'NUMBER', value: String(120 + (serial % 7) * 30) },
          { name: 'release_date', type: 'DATE', value: `2024-${String((serial % 12) + 1).padStart(2, '0')}-15` },
        ],
        variants: [
          ...sizes.map((size, i) => ({
            sku: sku(size, first),
            optionValues: [
              { name: 'Size', value: size },
              { name: 'Colour', value: first },
            ],
            weightGrams: 180 + i * 20 + (serial % 5) * 10,
          })),
          {
            sku: sku('M', second),
            optionValues: [
              { name: 'Size', value: 'M' },
              { name: 'Colour', value: second },
            ],
            weightGrams: 200 + (serial % 5) * 10,
          },
        ],
      },
      media: [
        {
          kind: 'IMAGE',
          url: `https://images.example.com/products/${slug}/front.jpg`,
          alt: `${name} in ${first}, front`,
        },
        {
          kind: 'IMAGE',
          url: `https://images.example.com/products/${slug}/back.jpg`,
          alt: `${name} in ${first}, back`,
        },
        ...(serial % 10 === 0
          ? [
              {
                kind: 'VIDEO' as const,
                url: `https://videos.example.com/products/${slug}.mp4`,
                alt: `${name} on the move`,
              },
            ]
          : []),
      ],
    };
  }

  const values = finishes.slice(0, 2 + (serial % 3));
  return {
    slug,
    category: line.category,
    input: {
      name,
      slug,
      status,
      description: `${name} made of ${material}. ${line.blurb}`,
      options: [{ name: 'Finish', values }],
      attributes: [
        { name: 'material', type: 'TEXT', value: material },
        {
          name: 'dishwasher_safe',
          type: 'BOOLEAN',
          value: line.category === 'kitchen' && serial % 2 === 0 ? 'true' : 'false',
        },
        { name: 'warranty_years', type: 'NUMBER', value: String(1 + (serial % 5)) },
      ],
      variants: values.map((finish, i) => ({
        sku: sku(finish),
        optionValues: [{ name: 'Finish', value: finish }],
        weightGrams: 300 + serial * 25 + i * 15,
      })),
    },
    media: [
      { kind: 'IMAGE', url: `https://images.example.com/products/${slug}/main.jpg`, alt: name },
      { kind: 'IMAGE', url: `https://images.example.com/products/${slug}/detail.jpg`, alt: `${name}, detail` },
    ],
  };
}

export const demoProducts: DemoProduct[] = (() => {
  let serial = 0;
  return lines.flatMap((line) => line.names.map((name, index) => demoProduct(line, name, index, serial++)));
})();
