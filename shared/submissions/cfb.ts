import type { ObjectReader } from './object-reader';

/**
 * Which legacy Office document an OLE compound file (MS-CFB) is, from the names in its
 * directory: `WordDocument` (Word 97–2003), `PowerPoint Document`, `Workbook`. The directory
 * often sits at the end of the file, so it is followed sector by sector through the FAT with
 * ranged reads, a bounded number of them. Libraries for the format (SheetJS `cfb`) parse a
 * whole file in memory; only the header, FAT and directory records are read here.
 */

const END_OF_CHAIN = 0xfffffffe;
const FREE_SECTOR = 0xffffffff;
const HEADER_DIFAT_ENTRIES = 109;
const DIRECTORY_ENTRY_BYTES = 128;
/** Enough for any document's directory; a chain longer than this is not one we accept. */
const MAX_SECTOR_READS = 64;

export interface CfbHeader {
  sectorSize: number;
  firstDirectorySector: number;
  firstDifatSector: number;
  /** The FAT's sector numbers listed in the header (the first 109). */
  headerDifat: number[];
}

export function parseCfbHeader(head: Buffer): CfbHeader | null {
  if (head.length < 512) return null;
  const shift = head.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return null;
  const headerDifat: number[] = [];
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i += 1)
    headerDifat.push(head.readUInt32LE(0x4c + i * 4));
  return {
    sectorSize: 1 << shift,
    firstDirectorySector: head.readUInt32LE(0x30),
    firstDifatSector: head.readUInt32LE(0x44),
    headerDifat,
  };
}

/** The names of the directory entries in one directory sector (UTF-16LE, length-prefixed). */
export function directoryNames(sector: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + DIRECTORY_ENTRY_BYTES <= sector.length; at += DIRECTORY_ENTRY_BYTES) {
    const bytes = sector.readUInt16LE(at + 0x40);
    const type = sector[at + 0x42];
    if (type === 0 || bytes < 2 || bytes > 64) continue;
    names.push(sector.toString('utf16le', at, at + bytes - 2));
  }
  return names;
}

const STREAM_TYPES: [string, string][] = [
  ['WordDocument', 'application/msword'],
  ['PowerPoint Document', 'application/vnd.ms-powerpoint'],
  ['Workbook', 'application/vnd.ms-excel'],
  ['Book', 'application/vnd.ms-excel'],
];

export function typeOfStreams(names: readonly string[]): string | null {
  return STREAM_TYPES.find(([stream]) => names.includes(stream))?.[1] ?? null;
}

/** Sector reads with a budget, each sector read once. */
class Sectors {
  private reads = 0;
  private readonly cache = new Map<number, Buffer>();
  constructor(
    private readonly reader: ObjectReader,
    private readonly size: number,
  ) {}

  async get(sector: number): Promise<Buffer | null> {
    const cached = this.cache.get(sector);
    if (cached) return cached;
    const start = (sector + 1) * this.size;
    if (sector >= END_OF_CHAIN - 4 || start >= this.reader.size) return null;
    if ((this.reads += 1) > MAX_SECTOR_READS) return null;
    const bytes = await this.reader.read(start, start + this.size - 1);
    this.cache.set(sector, bytes);
    return bytes;
  }
}

/** The sector number of the FAT's `index`-th sector, from the header or the DIFAT chain. */
async function fatSector(
  header: CfbHeader,
  sectors: Sectors,
  index: number,
): Promise<number | null> {
  if (index < HEADER_DIFAT_ENTRIES) return header.headerDifat[index] ?? null;
  const perDifat = header.sectorSize / 4 - 1;
  let rest = index - HEADER_DIFAT_ENTRIES;
  let difat = header.firstDifatSector;
  while (rest >= perDifat) {
    const bytes = await sectors.get(difat);
    if (!bytes) return null;
    difat = bytes.readUInt32LE(perDifat * 4);
    rest -= perDifat;
  }
  const bytes = await sectors.get(difat);
  return bytes ? bytes.readUInt32LE(rest * 4) : null;
}

/**
 * The legacy Office type of a compound file, `application/x-cfb` for another kind of compound
 * file (an MSI, an Outlook message), or null when its structure is damaged.
 */
export async function compoundDocumentType(
  reader: ObjectReader,
  head: Buffer,
): Promise<string | null> {
  const header = parseCfbHeader(head);
  if (!header) return null;
  const sectors = new Sectors(reader, header.sectorSize);
  const perFat = header.sectorSize / 4;
  const names: string[] = [];
  const seen = new Set<number>();
  let sector = header.firstDirectorySector;
  while (sector !== END_OF_CHAIN) {
    if (sector === FREE_SECTOR || seen.has(sector)) return null;
    seen.add(sector);
    const bytes = await sectors.get(sector);
    if (!bytes) return null;
    names.push(...directoryNames(bytes));
    const found = typeOfStreams(names);
    if (found) return found;
    const fat = await fatSector(header, sectors, Math.floor(sector / perFat));
    const fatBytes = fat === null ? null : await sectors.get(fat);
    if (!fatBytes) return null;
    sector = fatBytes.readUInt32LE((sector % perFat) * 4);
  }
  return 'application/x-cfb';
}
