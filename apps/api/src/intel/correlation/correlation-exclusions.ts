import { IndicatorType } from '../../../../../libs/indicators/src/index.js';

/**
 * Known-benign values every new alliance starts with: values that many unrelated parties share,
 * so they must never link reports. docs/correlation-exclusions.md says where each group comes from.
 * Values are normalised when seeded, so they are written here as people would type them.
 */
export const SEEDED_EXCLUSIONS: readonly { type: IndicatorType; values: readonly string[]; source: string }[] = [
  {
    type: IndicatorType.DOMAIN,
    source: 'Free-mail and big webmail providers (provider sign-up pages)',
    values: ['gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'yahoo.com', 'aol.com', 'icloud.com', 'me.com', 'proton.me', 'protonmail.com', 'gmx.de', 'gmx.net', 'web.de', 'mail.ru', 'yandex.ru', 'qq.com', 'foxmail.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'naver.com', 'daum.net'],
  },
  {
    type: IndicatorType.DOMAIN,
    source: 'The marketplaces’ own domains (libs/indicators MARKETPLACE_RULES)',
    values: ['taobao.com', 'tmall.com', 'aliexpress.com', 'alibaba.com', 'amazon.com', 'amazon.co.uk', 'amazon.de', 'ebay.com', 'jd.com', 'pinduoduo.com', 'yangkeduo.com', 'shopee.com', 'lazada.com', 'etsy.com', 'walmart.com', '1688.com', 'alicdn.com'],
  },
  {
    type: IndicatorType.DOMAIN,
    source: 'Major carriers and logistics platforms (their public tracking sites)',
    values: ['dhl.com', 'fedex.com', 'ups.com', 'usps.com', 'sf-express.com', 'cainiao.com', '4px.com', 'yunexpress.com', 'ems.com.cn', '17track.net'],
  },
  {
    type: IndicatorType.DOMAIN,
    source: 'Payment processors and social platforms whose domains appear in every shop',
    values: ['paypal.com', 'alipay.com', 'stripe.com', 'wise.com', 'payoneer.com', 'facebook.com', 'instagram.com', 'whatsapp.com', 'wa.me', 't.me', 'wechat.com', 'weixin.qq.com', 'tiktok.com', 'youtube.com', 'bit.ly', 't.co', 'tinyurl.com'],
  },
  {
    type: IndicatorType.IP_ADDRESS,
    source: 'Public DNS resolvers (Google, Cloudflare, Quad9, OpenDNS, 114DNS, AliDNS)',
    values: ['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9', '149.112.112.112', '208.67.222.222', '208.67.220.220', '114.114.114.114', '223.5.5.5', '223.6.6.6', '2001:4860:4860::8888', '2001:4860:4860::8844', '2606:4700:4700::1111'],
  },
  {
    type: IndicatorType.IP_ADDRESS,
    source: 'Addresses that are never a counterfeiter’s (loopback and documentation ranges people paste by mistake)',
    values: ['127.0.0.1', '0.0.0.0', '::1'],
  },
];
